import type { Router } from "../http/router";
import { embeddingModelJson, modelJson } from "../model/model-catalog";

/**
 * `models.list` / `models.embeddings.list`: what a client lists before it creates an agent. Every handle listed is
 * one agents.create accepts (it accepts any `provider/model`), and the offline model answers for all of them.
 */
export function registerModelRoutes(router: Router): void {
  router.add("GET", "/v1/models", async ({ app, query }) => {
    const categories = query.list("provider_category");
    const providerName = query.string("provider_name");
    const providerType = query.string("provider_type");
    return app.options.models
      .map(modelJson)
      .filter(
        (model) =>
          (categories.length === 0 || categories.includes(String(model.provider_category))) &&
          (providerName === undefined || model.provider_name === providerName) &&
          (providerType === undefined || model.provider_type === providerType),
      );
  });

  router.add("GET", "/v1/models/embedding", async ({ app }) => app.options.embeddingModels.map(embeddingModelJson));
}
