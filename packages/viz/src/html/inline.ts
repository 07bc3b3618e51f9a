/**
 * Text that goes inside a `<script>` element. The HTML parser ends a script at `</script` and
 * changes state at `<!--`, whatever the JavaScript or JSON around them means, so neither may appear.
 */

/** JSON for `<script type="application/json">`: every `<` as `\u003c`, which JSON.parse reads back. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** A script for `<script>`: `</script` and `<!--` become `<\/script` and `<\!--`, the same in JS strings. */
export function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
