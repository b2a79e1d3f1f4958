import { CoordinateFields } from './coordinate-fields';
import { insertVertex, removeVertex } from './zone-draft';
import type { LatLon } from './web-mercator';

/** The polygon's vertices as numbers: latitude and longitude of each, add one after it, remove it. */
export function VertexFields(props: {
  readonly vertices: readonly LatLon[];
  onVertices: (vertices: LatLon[]) => void;
}) {
  const { vertices, onVertices } = props;
  return (
    <ol class="vertices" aria-label="Vertices">
      {vertices.map((vertex, index) => {
        const next = vertices[(index + 1) % vertices.length] ?? vertex;
        const midpoint = {
          latitude: (vertex.latitude + next.latitude) / 2,
          longitude: (vertex.longitude + next.longitude) / 2,
        };
        return (
          <li key={index}>
            <CoordinateFields
              label={`Vertex ${index + 1}`}
              name={`vertex-${index + 1}`}
              point={vertex}
              onPoint={(point) => {
                onVertices(vertices.map((other, at) => (at === index ? point : other)));
              }}
            />
            <button
              type="button"
              class="link"
              aria-label={`Add a vertex after vertex ${index + 1}`}
              onClick={() => {
                onVertices(insertVertex(vertices, midpoint).vertices);
              }}
            >
              Add after
            </button>
            <button
              type="button"
              class="link"
              disabled={vertices.length <= 3}
              aria-label={`Remove vertex ${index + 1}`}
              onClick={() => {
                onVertices(removeVertex(vertices, index));
              }}
            >
              Remove
            </button>
          </li>
        );
      })}
    </ol>
  );
}
