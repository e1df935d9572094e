/**
 * Writes VisProg-style program text (`OUT=OP(arg=value,...)`, one step per line) with the variable
 * numbering an LLM would use (`BOX0`, `IMAGE0`, `ANSWER0`, ...). Gold programs and the template
 * parser both write through it, so their programs read the same.
 */

/** A program under construction; each method appends one step and returns its output variable. */
export interface ProgramWriter {
  loc(image: string, object: string): string;
  facedet(image: string): string;
  classify(image: string, object: string, categories: readonly string[]): string;
  tag(image: string, object: string): string;
  crop(op: 'CROP' | 'CROP_LEFTOF' | 'CROP_RIGHTOF' | 'CROP_ABOVE' | 'CROP_BELOW', image: string, box: string): string;
  vqa(image: string, question: string): string;
  count(box: string): string;
  eval(expr: string): string;
  /** Appends the RESULT step and returns the whole program text. */
  result(variable: string, output?: string): string;
}

/** Quotes a string literal with single quotes (escaping `\` and `'`). */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Starts an empty program. Never throws. */
export function createProgramWriter(): ProgramWriter {
  const lines: string[] = [];
  const counters = new Map<string, number>();
  const step = (prefix: string, op: string, args: string): string => {
    const n = counters.get(prefix) ?? 0;
    counters.set(prefix, n + 1);
    const out = `${prefix}${n}`;
    lines.push(`${out}=${op}(${args})`);
    return out;
  };
  return {
    loc: (image, object) => step('BOX', 'LOC', `image=${image},object=${quote(object)}`),
    facedet: (image) => step('OBJ', 'FACEDET', `image=${image}`),
    classify: (image, object, categories) =>
      step('OBJ', 'CLASSIFY', `image=${image},object=${object},categories=[${categories.map(quote).join(',')}]`),
    tag: (image, object) => step('IMAGE', 'TAG', `image=${image},object=${object}`),
    crop: (op, image, box) => step('IMAGE', op, `image=${image},box=${box}`),
    vqa: (image, question) => step('ANSWER', 'VQA', `image=${image},question=${quote(question)}`),
    count: (box) => step('ANSWER', 'COUNT', `box=${box}`),
    eval: (expr) => step('ANSWER', 'EVAL', `expr=${expr.includes("'") && !expr.includes('"') ? `"${expr}"` : quote(expr)}`),
    result: (variable, output = 'FINAL_RESULT') => {
      lines.push(`${output}=RESULT(var=${variable})`);
      return lines.join('\n');
    },
  };
}
