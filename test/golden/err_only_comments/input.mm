// a spec with nothing in it yet
// TODO: write the model
