/**
 * Entry point of the Pulumi program (`main: stacks/pulumi/` in Pulumi.yaml). Select a stack and
 * run it: `pulumi stack select prod && pulumi up`. The exported object becomes the stack outputs.
 */
import { canaryStack } from './program';

export = canaryStack();
