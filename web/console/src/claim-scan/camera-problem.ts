/**
 * What to tell a person whose camera could not be used (getUserMedia's DOMException names:
 * https://w3c.github.io/mediacapture-main/#dom-mediadevices-getusermedia), always ending in typing the code.
 */
export function describeCameraProblem(error: unknown): string {
  // A DOMException is not an Error everywhere (Node's is not): its name is what tells.
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return 'The camera was not allowed. Allow it in the browser’s settings for this site and scan again, or type the code.';
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return 'No camera was found on this device: type the code.';
  }
  if (name === 'NotReadableError' || name === 'AbortError') {
    return 'The camera is in use by another app: close it and scan again, or type the code.';
  }
  return 'The camera could not be started: type the code.';
}

/** Whether this browser can offer a camera to the page (it needs one, and a secure address: https or this computer). */
export function hasCameraAccess(): boolean {
  if (typeof navigator === 'undefined') return false;
  // Typed as always there, but absent on an insecure address (http other than this computer).
  const devices = navigator.mediaDevices as MediaDevices | undefined;
  return typeof devices?.getUserMedia === 'function';
}
