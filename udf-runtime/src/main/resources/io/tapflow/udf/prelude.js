// TapFlow's JavaScript UDF prelude: runs once in each context, before the UDF's own source.
// The context's sandbox has no files, network, processes, threads or Java; the shell's file and exit
// functions and the Nashorn-style Java package objects are removed, so no name suggests otherwise.
for (const name of ['load', 'loadWithNewGlobal', 'quit', 'exit', 'read', 'readbuffer', 'readline',
    'java', 'javax', 'javafx', 'com', 'org', 'edu', 'net', 'Packages', 'JavaImporter']) {
  delete globalThis[name];
}

globalThis._tapflow_caller = function (fn, env, glob) {
  const environment = Object.freeze(Object.assign({}, env));
  return function (record, event) {
    let before;
    const context = {
      get op() { return event.op(); },
      get before() {
        if (before === undefined) {
          const b = event.before();
          before = b === null ? null : Object.assign({}, b);
        }
        return before;
      },
      get table() { return event.table(); },
      get position() { return Object.assign({}, event.position()); },
      get event_time() { return event.eventTime(); },
      env: environment,
      global: glob,
    };
    const result = fn(Object.assign({}, record), context);
    if (result === null || result === undefined) {
      return null;
    }
    if (typeof result !== 'object' || Array.isArray(result) || result instanceof Date) {
      throw new TypeError('process must return the record (an object), or null to drop it; it returned '
          + (Array.isArray(result) ? 'an array' : typeof result));
    }
    return result;
  };
};

globalThis._tf_date = function (millis) { return new Date(millis); };
globalThis._tf_bigint = function (text) { return BigInt(text); };
globalThis._tf_bytes = function (hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  }
  return bytes;
};
globalThis._tf_object = function (proxy) { return Object.assign({}, proxy); };
globalThis._tf_array = function (proxy) { return Array.from(proxy); };
