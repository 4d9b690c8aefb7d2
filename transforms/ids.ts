/**
 * The transform ids, in report order, without loading the transforms (the parts that read
 * ignore comments and config files need the names only). A test keeps it equal to TRANSFORMS.
 */
export const TRANSFORM_IDS: readonly string[] = ['add-cache-mounts', 'add-cache-options', 'drop-cache-disabling-flags', 'keep-cache-on-cleanup', 'keep-downloaded-packages'];
