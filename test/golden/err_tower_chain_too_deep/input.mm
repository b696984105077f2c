// A small CLIP-style model that learns the shapes data in seconds (used by the run tests).
model tiny

data shapes(train: 1024, test: 200, seed: 3)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32

encoder image_enc(image) -> [B, 32] {
  conv2d(16, kernel: 3, stride: 2, activation: relu)
  conv2d(32, kernel: 3, stride: 2, activation: relu)
  mean(over: [H, W])
  dense(32)
}

encoder text_enc(text) -> [B, 32] {
  embed(32)
  mean(over: L)
  dense(32)
}

head step0(image_enc) {
  dense(32)
}
head step1(step0) {
  dense(32)
}
head step2(step1) {
  dense(32)
}
head step3(step2) {
  dense(32)
}
head step4(step3) {
  dense(32)
}
head step5(step4) {
  dense(32)
}
head step6(step5) {
  dense(32)
}
head step7(step6) {
  dense(32)
}
head step8(step7) {
  dense(32)
}
head step9(step8) {
  dense(32)
}
head step10(step9) {
  dense(32)
}
head step11(step10) {
  dense(32)
}
head step12(step11) {
  dense(32)
}
head step13(step12) {
  dense(32)
}
head step14(step13) {
  dense(32)
}
head step15(step14) {
  dense(32)
}
head step16(step15) {
  dense(32)
}
head step17(step16) {
  dense(32)
}
head step18(step17) {
  dense(32)
}
head step19(step18) {
  dense(32)
}
head step20(step19) {
  dense(32)
}
head step21(step20) {
  dense(32)
}
head step22(step21) {
  dense(32)
}
head step23(step22) {
  dense(32)
}
head step24(step23) {
  dense(32)
}
head step25(step24) {
  dense(32)
}
head step26(step25) {
  dense(32)
}
head step27(step26) {
  dense(32)
}
head step28(step27) {
  dense(32)
}
head step29(step28) {
  dense(32)
}
head step30(step29) {
  dense(32)
}
head step31(step30) {
  dense(32)
}
head step32(step31) {
  dense(32)
}
head step33(step32) {
  dense(32)
}
head step34(step33) {
  dense(32)
}
head step35(step34) {
  dense(32)
}
head step36(step35) {
  dense(32)
}
head step37(step36) {
  dense(32)
}
head step38(step37) {
  dense(32)
}
head step39(step38) {
  dense(32)
}
head step40(step39) {
  dense(32)
}
head step41(step40) {
  dense(32)
}
head step42(step41) {
  dense(32)
}
head step43(step42) {
  dense(32)
}
head step44(step43) {
  dense(32)
}
head step45(step44) {
  dense(32)
}
head step46(step45) {
  dense(32)
}
head step47(step46) {
  dense(32)
}
head step48(step47) {
  dense(32)
}
head step49(step48) {
  dense(32)
}
head step50(step49) {
  dense(32)
}
head step51(step50) {
  dense(32)
}
head step52(step51) {
  dense(32)
}
head step53(step52) {
  dense(32)
}
head step54(step53) {
  dense(32)
}
head step55(step54) {
  dense(32)
}
head step56(step55) {
  dense(32)
}
head step57(step56) {
  dense(32)
}
head step58(step57) {
  dense(32)
}
head step59(step58) {
  dense(32)
}
head step60(step59) {
  dense(32)
}
head step61(step60) {
  dense(32)
}
head step62(step61) {
  dense(32)
}
head step63(step62) {
  dense(32)
}
head step64(step63) {
  dense(32)
}
head step65(step64) {
  dense(32)
}
head step66(step65) {
  dense(32)
}
head step67(step66) {
  dense(32)
}
head step68(step67) {
  dense(32)
}
head step69(step68) {
  dense(32)
}

loss infonce(image_enc, text_enc)

train { optimizer: adam(lr: 3e-3), batch: 32, steps: 60, seed: 1 }
