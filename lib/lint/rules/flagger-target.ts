import { describeObject } from '../../core/manifest';
import { formatLabels } from '../labels';
import { FLAGGER_SELECTOR_LABELS } from '../model';
import { asStringMap, dig } from '../read';
import { at, LintRule } from '../rule';

/**
 * A Flagger Canary whose target workload is not in the tree (warning: it may be deployed from
 * elsewhere), or whose target's pods carry none of the labels Flagger selects them by (`app`,
 * `name` or `app.kubernetes.io/name`): Flagger then cannot build the primary's selector.
 */
export const flaggerTarget: LintRule = {
  id: 'flagger-target',
  severity: 'error',
  summary:
    'A Canary target is missing from the tree (warning), or its pods lack the app/name label Flagger selects by.',
  *check(model) {
    for (const canary of model.canaries) {
      const ref = describeObject({
        kind: canary.targetKind,
        metadata: { name: canary.target, namespace: canary.namespace },
      });
      const target = model.objectsByRef.get(ref);
      if (!target) {
        yield at(
          canary.object,
          ['spec', 'targetRef', 'name'],
          `target ${ref} is not in the linted files; Flagger waits for it and the canary never starts if it does not exist.`,
          `Lint the target workload together with the Canary, or correct spec.targetRef.`,
          'warning',
        );
        continue;
      }
      const labels = asStringMap(dig(target.manifest, 'spec', 'template', 'metadata', 'labels'));
      if (FLAGGER_SELECTOR_LABELS.some((k) => labels[k] !== undefined)) continue;
      yield at(
        target,
        ['spec', 'template', 'metadata', 'labels'],
        `the pods of ${ref}, the target of ${canary.object.ref}, carry ${formatLabels(labels)} but none of ${FLAGGER_SELECTOR_LABELS.join(', ')}: Flagger selects the target's pods by one of these labels and cannot create the primary.`,
        `Add the label app: ${canary.target} to spec.template.metadata.labels and spec.selector.matchLabels.`,
      );
    }
  },
};
