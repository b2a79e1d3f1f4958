import { useState } from 'preact/hooks';
import { describeProblem, takeData } from '../api/console-api';
import { FormProblem, SegmentedChoice, useFormSubmit } from '../layout/forms';
import { ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { routeHref } from '../routing';
import { useSignedIn } from '../session/session-context';
import { CoordinateFields } from './coordinate-fields';
import { NumberField } from './number-field';
import { PresencePanel } from './presence-panel';
import { draftOfHome, switchShape, toUpdateRequest, type HomeView, type ZoneDraft } from './zone-draft';
import { ZoneMap } from './zone-map';
import { VertexFields } from './vertex-fields';

const shapes = [
  { value: 'circle', label: 'Circle' },
  { value: 'polygon', label: 'Polygon' },
] as const;

/** The zone's editor: the map, the shape, its numbers, and saving it (public-api checks it). */
function ZoneEditor(props: {
  readonly home: HomeView;
  readonly tileUrl: string | undefined;
  onSaved: (home: HomeView) => void;
}) {
  const { home, tileUrl, onSaved } = props;
  const { api } = useSignedIn();
  const [draft, setDraftState] = useState<ZoneDraft>(() => draftOfHome(home));
  const [fitKey, setFitKey] = useState(0);
  const [saved, setSaved] = useState<string>();
  /** A change from the fields or the shape: the map fits the zone again. */
  const setDraft = (next: ZoneDraft) => {
    setDraftState(next);
    setFitKey((n) => n + 1);
    setSaved(undefined);
  };
  const canEdit = home.role === 'owner';
  const { busy, problem, submit } = useFormSubmit(async () => {
    const answer = await api.PATCH('/v1/homes/{homeId}', {
      params: { path: { homeId: home.id } },
      body: toUpdateRequest(draft),
    });
    if (answer.data === undefined) return describeProblem(answer.error, 'Change the zone and save again.');
    setSaved('Zone saved: the next location a phone shares is checked against it.');
    onSaved(answer.data);
    return undefined;
  });
  return (
    <form class="zone-editor" onSubmit={submit} aria-labelledby="zone-heading">
      <h2 id="zone-heading">Home zone</h2>
      <div class="zone-layout">
        <ZoneMap
          draft={draft}
          tileUrl={tileUrl}
          fitKey={fitKey}
          onChange={(next) => {
            setDraftState(next);
            setSaved(undefined);
          }}
        />
        <fieldset class="zone-fields" disabled={!canEdit}>
          <legend>Shape and coordinates</legend>
          <SegmentedChoice
            label="Zone shape"
            value={draft.kind}
            options={shapes}
            onValue={(kind) => {
              if (kind !== draft.kind) setDraft(switchShape(draft));
            }}
          />
          {draft.kind === 'circle' ? (
            <>
              <CoordinateFields
                label="Centre"
                name="zone"
                point={draft.center}
                onPoint={(center) => {
                  setDraft({ ...draft, center });
                }}
              />
              <NumberField
                min={10}
                step={1}
                label="Radius (metres)"
                name="zone-radius"
                value={draft.radiusMeters}
                onNumber={(radiusMeters) => {
                  setDraft({ ...draft, radiusMeters });
                }}
              />
            </>
          ) : (
            <VertexFields
              vertices={draft.vertices}
              onVertices={(vertices) => {
                setDraft({ kind: 'polygon', vertices });
              }}
            />
          )}
          <FormProblem problem={problem} />
          {saved !== undefined && <p role="status">{saved}</p>}
          {canEdit ? (
            <button type="submit" disabled={busy}>
              Save zone
            </button>
          ) : (
            <p class="muted">Only the home&apos;s owners change its zone.</p>
          )}
        </fieldset>
      </div>
    </form>
  );
}

/**
 * A home's zone for geofencing (a circle or a polygon, on a map) and who is home now. The tiles' address
 * is the console's setting (public-api's `/v1/console/settings`); without one the map is a grid.
 */
export function ZonePage({ homeId }: { readonly homeId: string }) {
  const { api } = useSignedIn();
  const { state, setState, reload } = useLoaded(`zone:${homeId}`, async () => {
    const whatToDo = 'Reload the page; if it persists, check that this home is still yours.';
    const [home, settings] = await Promise.all([
      api.GET('/v1/homes/{homeId}', { params: { path: { homeId } } }).then((a) => takeData(a, whatToDo)),
      api.GET('/v1/console/settings').then((a) => takeData(a, whatToDo)),
    ]);
    return { home, tileUrl: settings.mapTilesUrl ?? undefined };
  });
  if (state.status === 'loading') return <Loading what="the home's zone" />;
  if (state.status === 'failed') return <ErrorState message={state.message} onRetry={reload} />;
  const { home, tileUrl } = state.value;
  return (
    <>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href={routeHref({ page: 'homes' })}>Homes</a> ›{' '}
        <a href={routeHref({ page: 'home', homeId })}>{home.name}</a> › <span aria-current="page">Zone</span>
      </nav>
      <h1>{home.name}: zone and presence</h1>
      <p class="hint">
        Members are home while their phone is inside this zone; automations run when the home empties or the
        first member arrives.
      </p>
      <ZoneEditor
        home={home}
        tileUrl={tileUrl}
        onSaved={(next) => {
          setState({ status: 'loaded', value: { home: next, tileUrl } });
        }}
      />
      <PresencePanel homeId={homeId} />
    </>
  );
}
