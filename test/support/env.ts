// Tests always run with NODE_ENV=test, so they use the throughline_test_* databases and
// throughline-test-* vhosts, never the development ones. This module has no imports and is
// imported first, because configuration is read when the first core module loads.
process.env.NODE_ENV ??= 'test';
