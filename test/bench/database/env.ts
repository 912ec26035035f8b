// Settings of the transaction benchmark, read before any core module loads its configuration: the
// test databases, and a pool of one connection, so every statement runs on the backend it watches.
process.env.NODE_ENV ??= 'test';
process.env.DATABASE_POOL_MAX ??= '1';
