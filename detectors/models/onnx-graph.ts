/**
 * A minimal writer of ONNX models (the protobuf of onnx/onnx.proto): enough for small graphs of
 * standard operators with integer attributes and symbolic or fixed shapes, so the project can hand
 * ONNX Runtime a computation without shipping a binary file or calling Python.
 */

export const ELEM = { float: 1, int64: 7, bool: 9 } as const;
export type ElemType = keyof typeof ELEM;

export interface GraphNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  /** Integer and integer-list attributes. */
  attrs?: Record<string, number | readonly number[]>;
}

export interface GraphValue {
  name: string;
  type: ElemType;
  /** A number is a fixed size, a string a symbolic one. */
  shape: readonly (number | string)[];
}

export interface GraphSpec {
  name: string;
  /** The default domain's operator set. */
  opset: number;
  inputs: readonly GraphValue[];
  outputs: readonly GraphValue[];
  nodes: readonly GraphNode[];
}

/** Protobuf wire types. */
const VARINT = 0;
const BYTES = 2;

class Writer {
  private readonly parts: number[] = [];

  varint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`unsupported varint ${value}`);
    let v = value;
    while (v >= 0x80) {
      this.parts.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.parts.push(v);
    return this;
  }

  int(field: number, value: number): this {
    return this.varint((field << 3) | VARINT).varint(value);
  }

  bytes(field: number, value: Uint8Array): this {
    this.varint((field << 3) | BYTES).varint(value.length);
    for (const b of value) this.parts.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

// Field numbers of onnx.proto.
const MODEL = { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8 };
const OPSET = { version: 2 };
const GRAPH = { node: 1, name: 2, input: 11, output: 12 };
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 };
const ATTRIBUTE = { name: 1, i: 3, ints: 8, type: 20 };
const ATTRIBUTE_TYPE = { int: 2, ints: 7 };
const VALUE_INFO = { name: 1, type: 2 };
const TYPE = { tensorType: 1 };
const TENSOR_TYPE = { elemType: 1, shape: 2 };
const SHAPE = { dim: 1 };
const DIM = { value: 1, param: 2 };

/** IR version 6 goes with operator sets up to 11 and is read by every ONNX Runtime in use. */
const IR_VERSION = 6;

function valueInfo(w: Writer, v: GraphValue): void {
  w.string(VALUE_INFO.name, v.name).message(VALUE_INFO.type, (t) =>
    t.message(TYPE.tensorType, (tt) =>
      tt.int(TENSOR_TYPE.elemType, ELEM[v.type]).message(TENSOR_TYPE.shape, (s) => {
        for (const d of v.shape)
          s.message(SHAPE.dim, (dim) =>
            typeof d === 'number' ? dim.int(DIM.value, d) : dim.string(DIM.param, d),
          );
      }),
    ),
  );
}

function node(w: Writer, n: GraphNode, index: number): void {
  for (const i of n.inputs) w.string(NODE.input, i);
  for (const o of n.outputs) w.string(NODE.output, o);
  w.string(NODE.name, `${n.op}_${index}`).string(NODE.opType, n.op);
  for (const [name, value] of Object.entries(n.attrs ?? {})) {
    w.message(NODE.attribute, (a) => {
      a.string(ATTRIBUTE.name, name);
      if (typeof value === 'number') a.int(ATTRIBUTE.i, value).int(ATTRIBUTE.type, ATTRIBUTE_TYPE.int);
      else {
        for (const v of value) a.int(ATTRIBUTE.ints, v);
        a.int(ATTRIBUTE.type, ATTRIBUTE_TYPE.ints);
      }
    });
  }
}

/** The serialized ModelProto of a graph, as `InferenceSession.create` takes it. */
export function onnxModel(spec: GraphSpec): Uint8Array {
  return new Writer()
    .int(MODEL.irVersion, IR_VERSION)
    .string(MODEL.producerName, 'corpus-audit')
    .message(MODEL.graph, (g) => {
      spec.nodes.forEach((n, i) =>
        g.message(GRAPH.node, (w) => {
          node(w, n, i);
        }),
      );
      g.string(GRAPH.name, spec.name);
      for (const v of spec.inputs)
        g.message(GRAPH.input, (w) => {
          valueInfo(w, v);
        });
      for (const v of spec.outputs)
        g.message(GRAPH.output, (w) => {
          valueInfo(w, v);
        });
    })
    .message(MODEL.opsetImport, (o) => o.int(OPSET.version, spec.opset))
    .finish();
}
