import { useEffect, useRef, useState } from 'preact/hooks';
import { boundsOf, insertVertex, moveVertex, removeVertex, roundPoint, type ZoneDraft } from './zone-draft';
import {
  fitView,
  fromPixel,
  gridOf,
  metersToWorld,
  offsetByMeters,
  project,
  tilesOf,
  toPixel,
  unproject,
  type LatLon,
  type MapView,
} from './web-mercator';

/** The map's drawing size in its own pixels (the SVG scales to the page's width). */
const mapSize = { width: 600, height: 400 };
/** Metres an arrow key moves a point (with Shift: ten times). */
const keyStepMeters = 5;
const arrows: Record<string, [north: number, east: number]> = {
  ArrowUp: [1, 0],
  ArrowDown: [-1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

const describePoint = (point: LatLon) => `${point.latitude.toFixed(6)}, ${point.longitude.toFixed(6)}`;

/**
 * The zone on a map in Web Mercator: the tiles of `tileUrl` when configured, else a plain grid with its
 * coordinates. The circle's centre and the polygon's vertices are handles: dragged with the pointer, or
 * focused and moved with the arrow keys (Delete removes a vertex); a click on the map moves the circle's
 * centre there or adds a vertex to the nearest edge. `fitKey` changing fits the view to the zone again.
 */
export function ZoneMap(props: {
  readonly draft: ZoneDraft;
  readonly tileUrl: string | undefined;
  readonly fitKey: number;
  onChange: (draft: ZoneDraft) => void;
}) {
  const { draft, tileUrl, fitKey, onChange } = props;
  const svg = useRef<SVGSVGElement>(null);
  const fit = () => {
    const { min, max } = boundsOf(draft);
    return fitView(min, max, mapSize);
  };
  const [view, setView] = useState<MapView>(fit);
  const [dragging, setDragging] = useState<number>();
  // The view follows the zone only when asked (inputs, shape, load): not under a pointer that drags.
  useEffect(() => {
    setView(fit());
  }, [fitKey]);

  const pointAt = (event: PointerEvent | MouseEvent): LatLon | undefined => {
    const box = svg.current?.getBoundingClientRect();
    if (box === undefined || box.width === 0) return undefined;
    const scale = mapSize.width / box.width;
    const pixel = { x: (event.clientX - box.left) * scale, y: (event.clientY - box.top) * scale };
    return roundPoint(unproject(fromPixel(view, pixel)));
  };
  const movePoint = (index: number, to: LatLon) => {
    if (draft.kind === 'circle') onChange({ ...draft, center: roundPoint(to) });
    else onChange({ ...draft, vertices: moveVertex(draft.vertices, index, to) });
  };
  const pointOf = (index: number) =>
    draft.kind === 'circle' ? draft.center : (draft.vertices[index] ?? draft.vertices[0]);

  const onKeyDown = (index: number) => (event: KeyboardEvent) => {
    const arrow = arrows[event.key];
    const point = pointOf(index);
    if (arrow !== undefined && point !== undefined) {
      event.preventDefault();
      const step = keyStepMeters * (event.shiftKey ? 10 : 1);
      movePoint(index, offsetByMeters(point, arrow[0] * step, arrow[1] * step));
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && draft.kind === 'polygon') {
      event.preventDefault();
      onChange({ ...draft, vertices: removeVertex(draft.vertices, index) });
    }
  };
  const handle = (point: LatLon, index: number, label: string) => {
    const at = toPixel(view, project(point));
    return (
      <circle
        key={index}
        class="zone-handle"
        cx={at.x}
        cy={at.y}
        r={9}
        tabindex={0}
        role="button"
        aria-label={`${label} at ${describePoint(point)}`}
        aria-describedby="zone-map-hint"
        onKeyDown={onKeyDown(index)}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          setDragging(index);
        }}
        onPointerMove={(event) => {
          const to = dragging === index ? pointAt(event) : undefined;
          if (to !== undefined) movePoint(index, to);
        }}
        onPointerUp={() => {
          setDragging(undefined);
        }}
      />
    );
  };

  const grid = gridOf(view);
  const centerPixel = draft.kind === 'circle' ? toPixel(view, project(draft.center)) : undefined;
  return (
    <figure class="zone-map">
      <svg
        ref={svg}
        viewBox={`0 0 ${mapSize.width} ${mapSize.height}`}
        role="group"
        aria-label="Map of the home's zone"
      >
        <rect
          class="zone-map-ground"
          width={mapSize.width}
          height={mapSize.height}
          onClick={(event) => {
            const point = pointAt(event);
            if (point === undefined) return;
            if (draft.kind === 'circle') onChange({ ...draft, center: point });
            else onChange({ ...draft, vertices: insertVertex(draft.vertices, point).vertices });
          }}
        />
        {tileUrl !== undefined &&
          tilesOf(view, tileUrl).map((tile) => (
            <image
              key={tile.key}
              href={tile.href}
              x={tile.x}
              y={tile.y}
              width={tile.size}
              height={tile.size}
              pointer-events="none"
            />
          ))}
        <g class="zone-grid" aria-hidden="true" pointer-events="none">
          {grid.longitudes.map((longitude) => {
            const { x } = toPixel(view, project({ latitude: 0, longitude }));
            return (
              <g key={`lon${longitude}`}>
                <line x1={x} x2={x} y1={0} y2={mapSize.height} />
                <text x={x + 3} y={mapSize.height - 6}>
                  {longitude.toFixed(grid.decimals)}
                </text>
              </g>
            );
          })}
          {grid.latitudes.map((latitude) => {
            const { y } = toPixel(view, project({ latitude, longitude: 0 }));
            return (
              <g key={`lat${latitude}`}>
                <line x1={0} x2={mapSize.width} y1={y} y2={y} />
                <text x={4} y={y - 4}>
                  {latitude.toFixed(grid.decimals)}
                </text>
              </g>
            );
          })}
        </g>
        {centerPixel !== undefined && draft.kind === 'circle' && (
          <circle
            class="zone-shape"
            pointer-events="none"
            cx={centerPixel.x}
            cy={centerPixel.y}
            r={metersToWorld(draft.radiusMeters, draft.center.latitude) * view.pixelsPerWorld}
          />
        )}
        {draft.kind === 'polygon' && (
          <polygon
            class="zone-shape"
            pointer-events="none"
            points={draft.vertices
              .map((vertex) => {
                const at = toPixel(view, project(vertex));
                return `${at.x},${at.y}`;
              })
              .join(' ')}
          />
        )}
        {draft.kind === 'circle'
          ? handle(draft.center, 0, 'Centre')
          : draft.vertices.map((vertex, index) => handle(vertex, index, `Vertex ${index + 1}`))}
      </svg>
      <figcaption id="zone-map-hint" class="hint">
        {draft.kind === 'circle'
          ? 'Click the map to move the centre there, or drag it; focused, the arrow keys move it 5 m (with Shift 50 m).'
          : 'Click beside an edge to add a vertex; drag a vertex, or focus it and move it with the arrow keys (5 m, with Shift 50 m); Delete removes it.'}{' '}
        {tileUrl === undefined && 'No map tiles are configured: the grid shows latitude and longitude.'}
      </figcaption>
    </figure>
  );
}
