extension FloatFormat: NumberFormat {}
