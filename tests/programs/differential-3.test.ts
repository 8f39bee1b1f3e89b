// One third of the differential suite (tests/programs/differential.ts).
import { differentialTests } from "./differential.js";

differentialTests(2, 3);
