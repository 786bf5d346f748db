// Math for the Markdown renderer, in a chunk of its own: KaTeX, its stylesheet and fonts, and parse5 weigh
// more than the rest of the renderer, so they load only once a message holds a `$` (lazy-markdown.tsx).
import type { Options } from "react-markdown";
import remarkMath from "remark-math";
import { rehypeMath } from "./rehype-math";
import { remarkCurrencyDollars } from "./remark-currency-dollars";
import "katex/dist/katex.min.css";

export type MathPlugins = { remark: NonNullable<Options["remarkPlugins"]>; rehype: NonNullable<Options["rehypePlugins"]>[number] };

export const mathPlugins: MathPlugins = { remark: [remarkMath, remarkCurrencyDollars], rehype: rehypeMath };
