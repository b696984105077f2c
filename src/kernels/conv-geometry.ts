// Shapes and paddings of a 2-D convolution, in NHWC terms, shared by the
// composed gradient kernels.
import * as tf from "@tensorflow/tfjs";

export type ConvPad = "same" | "valid" | number | number[][];

export interface ConvParams {
  strides: number | [number, number];
  pad: ConvPad;
  dilations?: number | [number, number];
  dimRoundingMode?: "floor" | "round" | "ceil";
}

export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
}

type Shape4 = [number, number, number, number];

/** Geometry of conv2d(x: NHWC `xShape`, filter: HWIO `filterShape`). */
export function convGeometry(xShape: readonly number[], filterShape: readonly number[], p: ConvParams): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    p.strides,
    p.dilations ?? 1,
    p.pad as Parameters<typeof tf.backend_util.computeConv2DInfo>[4],
    p.dimRoundingMode,
    false,
    "channelsLast",
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    kH: info.filterHeight,
    kW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    dilationH: info.dilationHeight,
    dilationW: info.dilationWidth,
    padTop: info.padInfo.top,
    padBottom: info.padInfo.bottom,
    padLeft: info.padInfo.left,
    padRight: info.padInfo.right,
  };
}

/** Explicit NCHW padding [[0,0],[0,0],[t,b],[l,r]] rewritten for NHWC; other pads pass through. */
export function padToNHWC(pad: ConvPad, dataFormat: string | undefined): ConvPad {
  if (dataFormat !== "NCHW" || !Array.isArray(pad)) return pad;
  return [pad[0], pad[2], pad[3], pad[1]];
}

/** NCHW shape [n,c,h,w] as NHWC [n,h,w,c]. */
export function shapeToNHWC(shape: readonly number[]): Shape4 {
  return [shape[0], shape[2], shape[3], shape[1]];
}
