import type { App } from "../app";
import { notFound, unprocessable } from "../http/errors";
import { paginate } from "../http/paginate";
import type { Router } from "../http/router";
import { optionalBool, optionalInt, optionalRecord, optionalString, optionalStringList, requireId } from "../http/validate";
import { blockJson } from "../render/resources";
import { deleteBlock, getBlock, insertBlocks, listBlocks, saveBlock, type BlockRecord } from "../store/blocks";
import { blockFromBody } from "../services/agent-state";

/** Applies a BlockUpdate body in place; a null leaves a field unchanged. */
export function applyBlockUpdate(app: App, block: BlockRecord, body: Record<string, unknown>): void {
  block.label = optionalString(body, "label", 200) ?? block.label;
  block.value = optionalString(body, "value") ?? block.value;
  const d = block.data;
  d.limit = optionalInt(body, "limit") ?? d.limit;
  d.description = optionalString(body, "description") ?? d.description;
  d.read_only = optionalBool(body, "read_only") ?? d.read_only;
  d.metadata = optionalRecord(body, "metadata") ?? d.metadata;
  d.tags = optionalStringList(body, "tags") ?? d.tags;
  d.hidden = optionalBool(body, "hidden") ?? d.hidden;
  if (block.value.length > d.limit) {
    throw unprocessable(`Block '${block.label}' value (${block.value.length} characters) exceeds its limit of ${d.limit}`);
  }
  block.updatedAt = app.clock.date();
}

async function loadBlock(app: App, id: string | undefined): Promise<BlockRecord> {
  const block = await getBlock(app.db, requireId("block", id));
  if (!block) throw notFound(`Block ${id} not found`);
  return block;
}

export function registerBlockRoutes(router: Router): void {
  router.add("POST", "/v1/blocks", async ({ app, body }) => {
    const block = blockFromBody(app, await body(), null);
    await insertBlocks(app.db, [block]);
    return blockJson(block);
  });

  router.add("GET", "/v1/blocks", async ({ app, query }) => {
    const blocks = await listBlocks(app.db, {
      label: query.string("label"),
      labelSearch: query.string("label_search"),
      valueSearch: query.string("value_search"),
    });
    const tags = query.list("tags");
    const matchAll = query.bool("match_all_tags", false);
    const tagged = tags.length
      ? blocks.filter((block) => (matchAll ? tags.every((t) => block.data.tags.includes(t)) : tags.some((t) => block.data.tags.includes(t))))
      : blocks;
    return paginate(tagged, query, { order: "asc", limit: 50 }).map(blockJson);
  });

  router.add("GET", "/v1/blocks/:block_id", async ({ app, params }) => blockJson(await loadBlock(app, params.block_id)));

  router.add("PATCH", "/v1/blocks/:block_id", async ({ app, params, body }) => {
    const block = await loadBlock(app, params.block_id);
    applyBlockUpdate(app, block, await body());
    await saveBlock(app.db, block);
    return blockJson(block);
  });

  router.add("DELETE", "/v1/blocks/:block_id", async ({ app, params }) => {
    const block = await loadBlock(app, params.block_id);
    await deleteBlock(app.db, block.id);
    return null;
  });
}
