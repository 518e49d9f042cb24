"""The network around the family: "Waar kan ik terecht?" — services and rights per life domain
(in HSDS 3.0), the rights check, and the partners who keep their entries true."""
