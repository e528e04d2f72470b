/**
 * Which containers are Kolla's: those whose image carries Kolla's label.
 * Every image kolla-run builds has org.kolla-run.image; upstream Kolla's
 * images have kolla_version (kolla-ansible's cleanup-containers filters on
 * it). A container inherits its image's labels, so the test holds for a
 * container whatever registry, namespace or role started it, and never
 * for a container of something else on the host. roles/destroy keeps the
 * same list (destroy_container_labels).
 */
export const KOLLA_CONTAINER_LABELS = ['org.kolla-run.image', 'kolla_version'] as const;

export function isKollaContainer(labels: Readonly<Record<string, string>> | null | undefined): boolean {
  return labels != null && KOLLA_CONTAINER_LABELS.some((l) => l in labels);
}

/** The tag of an image reference (`registry:5000/ns/name:tag` -> `tag`; none -> `latest`; a digest stays a digest). */
export function imageTag(ref: string): string {
  const at = ref.indexOf('@');
  if (at !== -1) return ref.slice(at + 1);
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? ref.slice(colon + 1) : 'latest';
}
