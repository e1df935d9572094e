import { executeProgram, parseProgram, type ImageValue, type Value } from '@vprog/program';
import type { TaskItem } from '../tasks/task-item';
import { createOracleBackend } from './oracle-backend';

/**
 * Runs a program on a task item's scenes with the oracle backend and returns its RESULT value:
 * how the world checks that its gold programs (and template programs) give the gold answer.
 * Throws the program library's errors for a program that does not parse, validate or run.
 */
export async function runWithOracle(item: Pick<TaskItem, 'images'>, program: string): Promise<Value> {
  const scenes = Object.fromEntries(item.images.map((image) => [image.name, image.scene]));
  const inputs: Record<string, ImageValue> = Object.fromEntries(
    item.images.map((image) => [image.name, { kind: 'image', root: image.name, rect: { x1: 0, y1: 0, x2: image.scene.width, y2: image.scene.height } }]),
  );
  const { result } = await executeProgram(parseProgram(program), inputs, createOracleBackend(scenes));
  return result;
}
