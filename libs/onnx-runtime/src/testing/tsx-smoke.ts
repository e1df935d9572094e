/**
 * Loads the tiny fixture through the public API and prints its output as one JSON line. The spec
 * runs this file with `tsx` to prove that session workers also start outside jest.
 */
import { float32Tensor, loadModel } from '../index';
import { fixturePath } from './fixtures';

async function main(): Promise<void> {
  const model = await loadModel({ name: 'tiny-mlp', graphs: { model: { path: fixturePath('tiny-mlp.onnx') } } });
  const outputs = await model.run('model', { x: float32Tensor([0.5, -1, 2, 0.25], [1, 4]) });
  await model.close();
  process.stdout.write(`${JSON.stringify({ dims: outputs.y.dims, data: Array.from(outputs.y.data as Float32Array) })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
