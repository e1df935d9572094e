import { encodePng } from '../image';
import { generateTaskItems, renderTaskImage, type TaskItemsOptions } from '../tasks/generate-items';
import type { TaskImage, TaskItem } from '../tasks/task-item';
import { jsonLines, type DatasetFile } from './dataset-file';

/** The file an item image is written to: `images/<id>.png`, or `images/<id>-left.png` / `-right.png`. */
export function taskImageFile(item: Pick<TaskItem, 'id'>, image: Pick<TaskImage, 'name'>): string {
  return image.name === 'IMAGE' ? `images/${item.id}.png` : `images/${item.id}-${image.name.toLowerCase()}.png`;
}

/** An item as one line of `items.jsonl`: everything but the render seed, with image file names. */
export function taskItemRecord(item: TaskItem): Record<string, unknown> {
  return {
    id: item.id,
    task: item.task,
    split: item.split,
    seed: item.seed,
    index: item.index,
    domain: item.domain,
    family: item.family,
    question: item.question,
    program: item.program,
    answer: item.answer,
    images: item.images.map((image) => ({ name: image.name, file: taskImageFile(item, image), scene: image.scene })),
  };
}

/**
 * The files of a task sample: every item's images (rendered lazily) and `items.jsonl`. Throws like
 * `generateTaskItems`.
 */
export function* taskSampleFiles(task: string, options: TaskItemsOptions): Generator<DatasetFile> {
  const items = generateTaskItems(task, options);
  for (const item of items) {
    for (const image of item.images) yield { path: taskImageFile(item, image), data: encodePng(renderTaskImage(image)) };
  }
  yield { path: 'items.jsonl', data: jsonLines(items.map(taskItemRecord)) };
}
