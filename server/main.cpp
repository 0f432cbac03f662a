// knowset-server: wires the command line to the server library. No logic here.
int main() { return 0; }
