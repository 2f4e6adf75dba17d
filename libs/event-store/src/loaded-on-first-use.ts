/**
 * A store's driver, loaded when a store of its kind is first made, not by every process and rebuild thread that imports
 * these libraries for their embedded stores (per V8 isolate: the KurrentDB client with gRPC about 18 MiB, the MongoDB
 * driver about 8, node-postgres about 7). Each adapter names its own driver (drivers stay in the adapters).
 */
export function loadedOnFirstUse<T>(name: string): () => T {
  let driver: T | undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return () => (driver ??= require(name) as T);
}
