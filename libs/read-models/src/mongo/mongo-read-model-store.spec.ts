import { createServer } from 'node:net';
import { MongoReadModelStore } from './mongo-read-model-store';

describe('MongoReadModelStore without a server', () => {
  it('refuses to start when MONGO_URL is unreachable, naming it', async () => {
    // A port that was free a moment ago: nothing answers there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    await expect(MongoReadModelStore.connect(`mongodb://127.0.0.1:${port}/?serverSelectionTimeoutMS=300`)).rejects.toThrow(/^MongoDB read models at MONGO_URL unreachable: /);
  });
});
