import { z } from "zod";
import { EXPORT_FORMATS } from "@/lib/account/export";

export const exportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `format must be one of ${EXPORT_FORMATS.join(", ")}.` }).default("markdown"),
});
