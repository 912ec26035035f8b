// Names the process in every log line. main.ts imports this module first, because ES modules
// run in import order and some core modules create their logger as soon as they load.
process.env.THROUGHLINE_PROCESS = 'portal';
