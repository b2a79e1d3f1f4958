// The "valid email address" of WHATWG HTML §4.10.5.1.5 (what browsers accept in <input type=email>), with a
// dotted domain: no quoted local parts, comments or line breaks, so nothing can reach an SMTP command or header.
const emailAddress =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** True when the address can be handed to an SMTP server as a recipient. */
export function isValidEmailAddress(address: string): boolean {
  return address.length <= 254 && emailAddress.test(address);
}
