/** Annotations an object can carry to opt in to what the deploy never does by default. */
import { LABEL_PREFIX } from '../render/model/labels.js';

/** On a PersistentVolumeClaim, Namespace or CRD: "true" lets pruning delete it. */
export const PRUNE_ANNOTATION = `${LABEL_PREFIX}/allow-prune`;

/** "true": on an immutable-field change, delete and recreate the object (never a PVC). */
export const RECREATE_ANNOTATION = `${LABEL_PREFIX}/recreate-on-immutable-change`;

/** Label of the ConfigMaps holding each project's stored inventory. */
export const INVENTORY_LABEL = `${LABEL_PREFIX}/inventory`;
