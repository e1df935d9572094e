import type { EvalNode } from './eval-ast';

/** A `{VAR}` use inside an expression, with its 0-based offset. */
export interface ExpressionReference {
  readonly name: string;
  readonly offset: number;
}

/**
 * Every `{VAR}` an expression uses (standalone or interpolated into a string), in source order.
 * The validator checks them and the executor turns them into DAG edges. Throws nothing.
 */
export function expressionReferences(node: EvalNode): ExpressionReference[] {
  const found: ExpressionReference[] = [];
  const visit = (n: EvalNode): void => {
    switch (n.type) {
      case 'literal':
        return;
      case 'template':
        for (const part of n.parts) if ('variable' in part) found.push({ name: part.variable, offset: part.offset });
        return;
      case 'variable':
        found.push({ name: n.name, offset: n.offset });
        return;
      case 'negate':
      case 'not':
        visit(n.operand);
        return;
      case 'arithmetic':
      case 'logical':
        visit(n.left);
        visit(n.right);
        return;
      case 'compare':
        visit(n.first);
        for (const r of n.rest) visit(r.operand);
        return;
      case 'conditional':
        visit(n.test);
        visit(n.then);
        visit(n.otherwise);
        return;
    }
  };
  visit(node);
  return found.sort((a, b) => a.offset - b.offset);
}
