// Comments anywhere survive `mmc fmt`, and layout does not change meaning.
model   layout   // trailing comment after the model line


data shapes( train : 800 ,test:200 )
// inputs
input image : Image[ B , 32 , 32 , 3 ]
input text: Tokens[B,12]   vocab   32 // a short vocabulary

encoder image_enc ( image ) -> [ B , 32 ] {
    // a comment before the first layer
    conv2d( 8 , kernel : [3,3] )   // odd spacing
  mean(over:[H,W])
      dense(32)
  // a comment before the closing brace
}
encoder text_enc(text)->[B,32]{ embed(32) mean(over: L) }

loss infonce(image_enc,text_enc)   // the only loss
train {optimizer:adam(lr:1e-3),batch:32,epochs:1}
// a final comment
