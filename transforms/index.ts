import { addCacheMounts } from './add-cache-mounts';
import { addCacheOptions } from './add-cache-options';
import { keepDownloadedPackages } from './keep-downloaded-packages';
import { dropCacheDisablingFlags } from './drop-cache-disabling-flags';
import { keepCacheOnCleanup } from './keep-cache-on-cleanup';
import type { Transform } from './types';

/** Every transform, in the order their edits are reported. */
export const TRANSFORMS: readonly Transform[] = [addCacheMounts, addCacheOptions, dropCacheDisablingFlags, keepCacheOnCleanup, keepDownloadedPackages];

export type { Transform, TransformOptions, TransformResult, TransformNote } from './types';
