/**
 * A request's `read_mask` (google.protobuf.FieldMask) as the list of paths it names, each path
 * of a comma-joined entry trimmed. An absent or empty mask names none: the method's default
 * fields apply, as on Sui.
 * @module
 */

export function readMaskPaths(mask: { paths: string[] } | undefined): string[] | undefined {
  const paths = mask?.paths.flatMap((p) => p.split(',')).map((p) => p.trim()) ?? [];
  return paths.length === 0 ? undefined : paths;
}
