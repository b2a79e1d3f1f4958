import { ScrollingTable } from '../layout/scrolling-table';
import type { ProvisionedDevice } from './provisioned-device';

/** The devices provisioned on this page, with their claim codes, shown once. */
export function ProvisionedList(props: {
  readonly devices: readonly ProvisionedDevice[];
  readonly onShowLabels: () => void;
}) {
  const { devices, onShowLabels } = props;
  return (
    <section class="panel" aria-labelledby="provisioned-title">
      <h2 id="provisioned-title">Provisioned on this page: {devices.length}</h2>
      <p>
        Their claim codes are shown only here and now: print the labels (or copy the codes) before you leave
        this page.
      </p>
      <ScrollingTable
        id="provisioned"
        caption="Claim codes of the devices provisioned"
        columns={['Id', 'Product', 'Claim code', 'QR payload']}
      >
        {devices.map((device) => (
          <tr key={device.id} data-device-id={device.id}>
            <th scope="row">{device.id}</th>
            <td>{device.productId}</td>
            <td class="secret">{device.claimCode}</td>
            <td class="secret">{device.claimQrPayload}</td>
          </tr>
        ))}
      </ScrollingTable>
      <button type="button" onClick={onShowLabels}>
        Show printable labels
      </button>
    </section>
  );
}
