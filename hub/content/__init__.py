"""Every read and write rule of the hub; imports neither strawberry nor piccolo-admin."""
