/**
 * Kubernetes name and label syntax (k8s.io/apimachinery validation), shared by the spec's
 * validation and `canary-kit validate`.
 */

/** A DNS-1123 label (without its 63-character limit): lowercase alphanumerics and '-'. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain (without its 253-character limit): dot-separated DNS-1123 labels. */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A DNS-1035 label (Service names): like DNS-1123, but starting with a letter. */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** The name part of a label key (without its 63-character limit). */
export const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** A label value (without its 63-character limit): empty, or a qualified name. */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
