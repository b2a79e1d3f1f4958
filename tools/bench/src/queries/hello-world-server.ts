import Fastify from 'fastify';

// The API step's reference: a bare fastify hello-world in a process of its own, as public-api is, so the
// load generator does not share its event loop. Prints its address as one JSON line, and stops on SIGTERM.
async function serve(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/', () => ({ hello: 'world' }));
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${JSON.stringify({ address })}\n`);
  process.once('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}

void serve();
