// What CreateFunction / UpdateFunctionConfiguration use to turn `Layers` (layer version ARNs) into
// what the function's configuration shows (`Layers: [{ Arn, CodeSize }]`) and what the runtime
// mounts as /opt (`dir`, an unpacked copy of the layer's zip).

export interface ResolvedLayer {
  /** The layer version ARN, as given. */
  Arn: string;
  /** Size of the layer's zip in bytes. */
  CodeSize: number;
  /** Directory holding the unpacked layer (nodejs/node_modules, python, bin...): the function's /opt. */
  dir: string;
}

export interface LayerResolver {
  /**
   * Resolves layer version ARNs in order. Throws the ServiceError CreateFunction returns:
   * InvalidParameterValueException "Cannot reference more than 5 layers.", "Layer version <arn> does
   * not exist.", "Layers are not in the same region as the function. ..." or "Two different versions of
   * the same layer are not allowed to be referenced in the same function. ...".
   */
  resolve(accountId: string, layerVersionArns: string[]): Promise<ResolvedLayer[]>;
}
