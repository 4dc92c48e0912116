/** Project vars using every kind of volume claim: the project's own, sized ones mounted twice, an existing one. */
export const VOLUME_CLAIMS_VARS = [
  'deployment:',
  '  image: x',
  '  storage: 20Gi',
  '  volumes:',
  '    - {pvc: $PROJECT_NAME, mountPath: /data}',
  '    - {pvc: $PROJECT_NAME-cache, mountPath: /cache, storage: 10Gi, storage_class: fast}',
  '    - {pvc: $PROJECT_NAME-cache, mountPath: /tmp, subPath: tmp}',
  '    - {pvc: shared-data, mountPath: /x, existing: true, readOnly: true}',
  '',
].join('\n');
