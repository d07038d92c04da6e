// A bare forked Node child for idle-memory: say ready over IPC, idle until told to leave.
process.send?.('ready');
process.once('message', () => process.disconnect());
