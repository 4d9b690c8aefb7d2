import { addCacheMounts } from './add-cache-mounts';
import { aptKeepDownloaded } from './apt-keep-downloaded';
import { dropCacheDisablingFlags } from './drop-cache-disabling-flags';
import { keepCacheOnCleanup } from './keep-cache-on-cleanup';
import type { Transform } from './types';

/** Every transform, in the order their edits are reported. */
export const TRANSFORMS: readonly Transform[] = [addCacheMounts, dropCacheDisablingFlags, keepCacheOnCleanup, aptKeepDownloaded];

export type { Transform, TransformOptions, TransformResult, TransformNote } from './types';
