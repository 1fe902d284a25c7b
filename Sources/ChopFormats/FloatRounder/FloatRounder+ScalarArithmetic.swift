extension FloatRounder: ScalarArithmetic {}
