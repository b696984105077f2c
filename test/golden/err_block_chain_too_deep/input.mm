// A small CLIP-style model that learns the shapes data in seconds (used by the run tests).
block level0() {
  level1()
}
block level1() {
  level2()
}
block level2() {
  level3()
}
block level3() {
  level4()
}
block level4() {
  level5()
}
block level5() {
  level6()
}
block level6() {
  level7()
}
block level7() {
  level8()
}
block level8() {
  level9()
}
block level9() {
  level10()
}
block level10() {
  level11()
}
block level11() {
  level12()
}
block level12() {
  level13()
}
block level13() {
  level14()
}
block level14() {
  level15()
}
block level15() {
  level16()
}
block level16() {
  level17()
}
block level17() {
  level18()
}
block level18() {
  level19()
}
block level19() {
  level20()
}
block level20() {
  level21()
}
block level21() {
  level22()
}
block level22() {
  level23()
}
block level23() {
  level24()
}
block level24() {
  level25()
}
block level25() {
  level26()
}
block level26() {
  level27()
}
block level27() {
  level28()
}
block level28() {
  level29()
}
block level29() {
  level30()
}
block level30() {
  level31()
}
block level31() {
  level32()
}
block level32() {
  level33()
}
block level33() {
  level34()
}
block level34() {
  level35()
}
block level35() {
  level36()
}
block level36() {
  level37()
}
block level37() {
  level38()
}
block level38() {
  level39()
}
block level39() {
  level40()
}
block level40() {
  level41()
}
block level41() {
  level42()
}
block level42() {
  level43()
}
block level43() {
  level44()
}
block level44() {
  level45()
}
block level45() {
  level46()
}
block level46() {
  level47()
}
block level47() {
  level48()
}
block level48() {
  level49()
}
block level49() {
  level50()
}
block level50() {
  level51()
}
block level51() {
  level52()
}
block level52() {
  level53()
}
block level53() {
  level54()
}
block level54() {
  level55()
}
block level55() {
  level56()
}
block level56() {
  level57()
}
block level57() {
  level58()
}
block level58() {
  level59()
}
block level59() {
  level60()
}
block level60() {
  level61()
}
block level61() {
  level62()
}
block level62() {
  level63()
}
block level63() {
  level64()
}
block level64() {
  level65()
}
block level65() {
  level66()
}
block level66() {
  level67()
}
block level67() {
  level68()
}
block level68() {
  level69()
}
block level69() {
  dense(32)
}

model tiny

data shapes(train: 1024, test: 200, seed: 3)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32

encoder image_enc(image) -> [B, 32] {
  conv2d(16, kernel: 3, stride: 2, activation: relu)
  conv2d(32, kernel: 3, stride: 2, activation: relu)
  mean(over: [H, W])
  level0()
}

encoder text_enc(text) -> [B, 32] {
  embed(32)
  mean(over: L)
  dense(32)
}

loss infonce(image_enc, text_enc)

train { optimizer: adam(lr: 3e-3), batch: 32, steps: 60, seed: 1 }
