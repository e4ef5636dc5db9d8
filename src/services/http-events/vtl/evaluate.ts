// Renders a parsed template against variables. A reference that resolves to null prints nothing: API
// Gateway's engine prints `$input.path('$').missing` as an empty string, not as written as stock
// Velocity would. #set of a null value leaves the variable as it was (Velocity 1.7). #foreach offers
// $foreach.{count,index,hasNext,first,last,parent} and $velocityCount/$velocityHasNext, and restores
// the loop variable afterwards. Budgets on loop iterations, output size and macro depth keep a
// template from taking the server down; passing one fails the template.
import type { Expr, Reference, TemplateNode } from './ast.js';
import { TemplateError, TemplateRuntimeError } from './cursor.js';
import { NO_METHOD, callMethod, getIndex, getProperty } from './methods.js';
import { applyOperator, negate } from './operators.js';
import { DefinedBlock, HostObject, isTruthy, numberValue, isNumber, toText } from './values.js';

export interface RenderLimits {
  /** Loop iterations over the whole template. */
  maxIterations: number;
  /** Characters of output. */
  maxOutput: number;
  /** Nested macro calls and #define renders. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: RenderLimits = {
  maxIterations: 1_000_000,
  maxOutput: 10 * 1024 * 1024,
  maxDepth: 64,
};

class BreakSignal {}
class StopSignal {}

interface Macro {
  params: string[];
  body: TemplateNode[];
}

export class Renderer {
  private readonly globals: Map<string, unknown>;
  /** Macro arguments, innermost last; looked up before the globals. */
  private readonly locals: Array<Map<string, unknown>> = [];
  private readonly macros = new Map<string, Macro>();
  private iterations = 0;
  private outputSize = 0;
  private depth = 0;

  constructor(
    variables: Record<string, unknown>,
    private readonly limits: RenderLimits = DEFAULT_LIMITS,
  ) {
    this.globals = new Map(Object.entries(variables));
  }

  render(nodes: TemplateNode[]): string {
    const out: string[] = [];
    try {
      this.renderInto(nodes, out);
    } catch (e) {
      if (e instanceof StopSignal) return out.join('');
      if (e instanceof BreakSignal) return out.join(''); // #break outside a loop ends the template
      if (e instanceof TemplateError) throw e;
      throw new TemplateRuntimeError((e as Error)?.message ?? String(e));
    }
    return out.join('');
  }

  private write(out: string[], text: string): void {
    this.outputSize += text.length;
    if (this.outputSize > this.limits.maxOutput)
      throw new TemplateRuntimeError('template output is too large');
    out.push(text);
  }

  private renderInto(nodes: TemplateNode[], out: string[]): void {
    for (const node of nodes) {
      switch (node.kind) {
        case 'text':
          this.write(out, node.text);
          break;
        case 'reference': {
          const value = this.resolve(node.ref);
          if (value !== undefined) this.write(out, toText(value));
          break;
        }
        case 'set':
          this.assign(node.target, this.evaluate(node.value));
          break;
        case 'if': {
          const branch = node.branches.find((b) => isTruthy(this.evaluate(b.condition)));
          const body = branch ? branch.body : node.otherwise;
          if (body) this.renderInto(body, out);
          break;
        }
        case 'foreach':
          this.loop(node.variable, this.evaluate(node.iterable), node.body, out);
          break;
        case 'define':
          this.setVariable(
            node.name,
            new DefinedBlock(() => this.nested(() => this.renderToString(node.body))),
          );
          break;
        case 'macro':
          this.macros.set(node.name, { params: node.params, body: node.body });
          break;
        case 'call':
          this.callMacro(node.name, node.args, node.source, out);
          break;
        case 'break':
          throw new BreakSignal();
        case 'stop':
          throw new StopSignal();
      }
    }
  }

  private renderToString(nodes: TemplateNode[]): string {
    const out: string[] = [];
    this.renderInto(nodes, out);
    return out.join('');
  }

  private nested<T>(run: () => T): T {
    if (++this.depth > this.limits.maxDepth) throw new TemplateRuntimeError('macro calls nest too deeply');
    try {
      return run();
    } finally {
      this.depth--;
    }
  }

  private callMacro(name: string, args: Expr[], source: string, out: string[]): void {
    const macro = this.macros.get(name);
    if (!macro) {
      this.write(out, source);
      return;
    }
    const scope = new Map<string, unknown>();
    macro.params.forEach((p, i) => scope.set(p, args[i] ? this.evaluate(args[i]) : undefined));
    this.locals.push(scope);
    try {
      this.nested(() => this.renderInto(macro.body, out));
    } finally {
      this.locals.pop();
    }
  }

  private loop(variable: string, iterable: unknown, body: TemplateNode[], out: string[]): void {
    const items = Array.isArray(iterable)
      ? [...iterable]
      : iterable instanceof Map
        ? [...iterable.values()] // Velocity iterates a Map's values
        : undefined;
    if (!items) return;
    const saved = ['foreach', 'velocityCount', 'velocityHasNext', variable].map(
      (k) => [k, this.lookup(k)] as const,
    );
    const parent = this.lookup('foreach');
    try {
      for (let i = 0; i < items.length; i++) {
        if (++this.iterations > this.limits.maxIterations)
          throw new TemplateRuntimeError('template loops too many times');
        const hasNext = i < items.length - 1;
        const state = { count: i + 1, index: i, hasNext, first: i === 0, last: !hasNext, parent };
        const methods = {
          hasNext: () => hasNext,
          getCount: () => i + 1,
          getIndex: () => i,
          isFirst: () => i === 0,
          isLast: () => !hasNext,
          getParent: () => parent,
        };
        this.setVariable('foreach', new HostObject(methods, state));
        this.setVariable('velocityCount', i + 1);
        this.setVariable('velocityHasNext', hasNext);
        this.setVariable(variable, items[i]);
        try {
          this.renderInto(body, out);
        } catch (e) {
          if (e instanceof BreakSignal) break;
          throw e;
        }
      }
    } finally {
      for (const [k, v] of saved) this.setVariable(k, v);
    }
  }

  private lookup(name: string): unknown {
    for (let i = this.locals.length - 1; i >= 0; i--)
      if (this.locals[i]!.has(name)) return this.locals[i]!.get(name);
    return this.globals.get(name);
  }

  private setVariable(name: string, value: unknown): void {
    const scope = [...this.locals].reverse().find((s) => s.has(name)) ?? this.globals;
    if (value === undefined) scope.delete(name);
    else scope.set(name, value);
  }

  private assign(target: Reference, value: unknown): void {
    if (value === undefined) return;
    if (target.accessors.length === 0) return this.setVariable(target.name, value);
    const last = target.accessors[target.accessors.length - 1]!;
    const owner = this.resolve({ ...target, accessors: target.accessors.slice(0, -1) });
    const key =
      last.kind === 'property' ? last.name : last.kind === 'index' ? this.evaluate(last.index) : undefined;
    if (key === undefined) throw new TemplateRuntimeError(`cannot assign to ${target.source}`);
    if (owner instanceof Map) owner.set(toText(key), value);
    else if (Array.isArray(owner) && isNumber(key)) owner[Math.trunc(numberValue(key))] = value;
    else throw new TemplateRuntimeError(`cannot assign to ${target.source}`);
  }

  private resolve(ref: Reference): unknown {
    let value = this.lookup(ref.name);
    for (const accessor of ref.accessors) {
      if (value === undefined) return undefined;
      if (accessor.kind === 'property') {
        value = getProperty(value, accessor.name);
      } else if (accessor.kind === 'index') {
        value = getIndex(value, this.evaluate(accessor.index));
      } else {
        const args = accessor.args.map((a) => this.evaluate(a));
        const result = callMethod(value, accessor.name, args);
        value = result === NO_METHOD ? undefined : result;
      }
    }
    return value;
  }

  evaluate(expr: Expr): unknown {
    switch (expr.kind) {
      case 'literal':
        return expr.value;
      case 'interpolated':
        return this.renderToString(expr.body);
      case 'reference': {
        const value = this.resolve(expr.ref);
        return value instanceof DefinedBlock ? value.render() : value;
      }
      case 'list':
        return expr.items.map((e) => this.evaluate(e));
      case 'range': {
        const from = this.evaluate(expr.from);
        const to = this.evaluate(expr.to);
        if (!isNumber(from) || !isNumber(to)) return undefined;
        const a = Math.trunc(numberValue(from));
        const b = Math.trunc(numberValue(to));
        if (Math.abs(b - a) >= this.limits.maxIterations)
          throw new TemplateRuntimeError('range is too large');
        const step = a <= b ? 1 : -1;
        return Array.from({ length: Math.abs(b - a) + 1 }, (_, i) => a + i * step);
      }
      case 'map':
        return new Map(expr.entries.map(([k, v]) => [toText(this.evaluate(k)), this.evaluate(v)]));
      case 'not':
        return !isTruthy(this.evaluate(expr.operand));
      case 'negate':
        return negate(this.evaluate(expr.operand));
      case 'binary': {
        if (expr.op === '&&')
          return isTruthy(this.evaluate(expr.left)) && isTruthy(this.evaluate(expr.right));
        if (expr.op === '||')
          return isTruthy(this.evaluate(expr.left)) || isTruthy(this.evaluate(expr.right));
        return applyOperator(expr.op, this.evaluate(expr.left), this.evaluate(expr.right));
      }
    }
  }
}
