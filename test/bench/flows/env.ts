// Settings of the benchmark process, read before any core module loads its configuration. The
// test databases and vhosts are used, and the gateway's per-client limits are raised so the
// benchmark measures the flow, not the rate limiter's rejections.
process.env.NODE_ENV ??= 'test';
process.env.GATEWAY_RATE_TIERS ??= 'free=1000000/100000000,standard=1000000/100000000,enterprise=1000000/100000000';
process.env.LOG_LEVEL ??= 'error';
