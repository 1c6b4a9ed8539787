import { CanaryServiceSpec } from '../../spec';
import { MAX_NAME_LENGTH } from '../../names';
import { isDnsLabel, isLabelKey, isLabelValue } from '../formats';
import { IssueCollector, join } from '../issues';

/** Checks a map of labels: keys and values in Kubernetes label syntax. */
export function checkLabels(
  path: string,
  labels: Readonly<Record<string, string>> | undefined,
  issues: IssueCollector,
): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (!isLabelKey(key)) {
      issues.add(
        join(path, key),
        key,
        'is not a valid label key. Use an optional DNS prefix and a name of at most 63 letters, digits, "-", "_" or ".".',
      );
    }
    if (typeof value === 'string' && !isLabelValue(value)) {
      issues.add(
        join(path, key),
        value,
        'is not a valid label value. Use at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric.',
      );
    }
  }
}

/** The service name and namespace, and the common labels. */
export function checkIdentity(spec: CanaryServiceSpec, issues: IssueCollector): void {
  const { name, namespace } = spec;
  if (typeof name === 'string') {
    if (!isDnsLabel(name)) {
      const suggestion = name
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^-+|-+$/g, '');
      issues.add(
        'name',
        name,
        `is not a DNS-1123 label (lowercase letters, digits and '-', starting and ending alphanumeric).${suggestion && isDnsLabel(suggestion) ? ` Did you mean '${suggestion}'?` : ''}`,
      );
    } else if (name.length > MAX_NAME_LENGTH) {
      issues.add(
        'name',
        name,
        `is ${name.length} characters; at most ${MAX_NAME_LENGTH} fit, because Flagger names the primary '<name>-primary' and a Service name has at most 63 characters. Shorten it.`,
      );
    }
  }
  if (typeof namespace === 'string' && !isDnsLabel(namespace)) {
    issues.add('namespace', namespace, 'is not a DNS-1123 label. Use lowercase letters, digits and "-".');
  }
  checkLabels('labels', spec.labels, issues);
}
