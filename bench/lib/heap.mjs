// What an open stream keeps alive in the Next server: two heap snapshots (before the streams, and with them open)
// through the inspector, compared by constructor. Only with --profile: a snapshot stops the server for seconds.

/** Self size and count per constructor (objects) or per type (strings, arrays, code…) in one heap snapshot. */
async function snapshotByConstructor(send, onChunk) {
  const parts = [];
  onChunk((chunk) => parts.push(chunk));
  await send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  onChunk(null);
  const snapshot = JSON.parse(parts.join(""));
  const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const groups = new Map();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt]];
    const key = type === "object" || type === "closure" ? `${snapshot.strings[snapshot.nodes[i + nameAt]]} (${type})` : `(${type})`;
    const group = groups.get(key) ?? { bytes: 0, count: 0 };
    group.bytes += snapshot.nodes[i + sizeAt];
    group.count += 1;
    groups.set(key, group);
  }
  return groups;
}

/** Snapshots the heap; call the result again later to get the growth per open stream, largest first. */
export async function heapDiffer(inspector) {
  const before = await snapshotByConstructor(inspector.send, inspector.onSnapshotChunk);
  return async (openStreams, top = 15) => {
    const after = await snapshotByConstructor(inspector.send, inspector.onSnapshotChunk);
    const rows = [];
    for (const [name, a] of after) {
      const b = before.get(name) ?? { bytes: 0, count: 0 };
      rows.push({ name, bytes_per_stream: Math.round((a.bytes - b.bytes) / openStreams), count_per_stream: Number(((a.count - b.count) / openStreams).toFixed(1)) });
    }
    return rows.sort((x, y) => y.bytes_per_stream - x.bytes_per_stream).slice(0, top);
  };
}
