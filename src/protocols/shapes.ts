// Small helpers over a ServiceModel's shapes shared by every codec.
import type { ServiceModel, Shape, ShapeRef } from './model-types.js';

export function shapeOf(model: ServiceModel, ref: ShapeRef): Shape {
  const shape = model.shapes[ref.shape];
  if (!shape) throw new Error(`shape ${ref.shape} missing from model ${model.metadata.uid ?? ''}`);
  return shape;
}

/**
 * Reads a serialization trait that may sit on the reference or on the shape
 * (the imported models keep min.json's inline traits on the reference).
 */
export function trait<
  K extends 'flattened' | 'timestampFormat' | 'xmlNamespace' | 'locationName' | 'streaming',
>(ref: ShapeRef, shape: Shape, key: K): ShapeRef[K] | Shape[K] {
  return ref[key] ?? shape[key];
}

/** 'FunctionName' -> 'functionName', 'KMSKeyArn' -> 'kMSKeyArn', as AWS prints member paths. */
export function lowerFirst(s: string): string {
  return s.length === 0 ? s : s[0]!.toLowerCase() + s.slice(1);
}

/** The error shape a code names in this model (by shape name or by its `error.code`). */
export function findErrorShape(
  model: ServiceModel,
  code: string,
): { name: string; shape: Shape } | undefined {
  const direct = model.shapes[code];
  if (direct?.exception) return { name: code, shape: direct };
  for (const [name, shape] of Object.entries(model.shapes)) {
    if (shape.exception && shape.error?.code === code) return { name, shape };
  }
  return undefined;
}

export function isPrimitive(shape: Shape): boolean {
  return shape.type !== 'structure' && shape.type !== 'list' && shape.type !== 'map';
}
