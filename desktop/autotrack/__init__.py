"""autotrack"""
