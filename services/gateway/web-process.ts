// Names this process before any logger exists, so every log line and broker connection is
// labelled "web". main.ts imports this module first for that reason.
process.env.THROUGHLINE_PROCESS = 'web';
