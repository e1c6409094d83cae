/* generated from models/r4000.ini by the Makefile */
static const char model_default_ini[] =
"; placeholder: the R4000 default cost model is written with the replay engine\n"
;
