// The console's service worker (served by public-api at /service-worker.js, scope /): it shows what the
// notifications service pushes, `{ title, body, data: { link } }` (apps/notifications web-push-sender.ts), and
// opens the console when the notification is clicked. Plain JavaScript: Vite copies public/ as it is.
/* global self, clients */

self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { body: event.data ? event.data.text() : '' };
  }
  const link = message.data && typeof message.data.link === 'string' ? message.data.link : '/';
  event.waitUntil(
    self.registration.showNotification(message.title || 'Homeport', {
      body: message.body || '',
      data: { link },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  // Only a page of this origin opens: a pushed link elsewhere falls back to the console.
  const asked = new URL(event.notification.data?.link ?? '/', self.location.origin);
  const target = asked.origin === self.location.origin ? asked.href : `${self.location.origin}/`;
  event.waitUntil(
    clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => client.url === target);
      return open === undefined ? clients.openWindow(target) : open.focus();
    }),
  );
});
